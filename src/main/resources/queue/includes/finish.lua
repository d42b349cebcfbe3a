--[[
  Shared fragment: the three ways a job finishes. pass-4, drop-3 and fail-5 each apply one of them;
  finishBatch-1 applies many, each exactly as its own script call would. Every function starts with the
  job's own XACK and returns 0 (stale) without changing anything when that acknowledges nothing.
]]
--@include deadLetter

-- Stores the output, acks, and hands the item to the next stage (nextKey ~= '') or marks it DONE.
-- Returns 1 applied, 0 stale, -2 item hash missing (nothing changed).
local function passJob(stream, itemKey, counters, nextStream, group, entry, stage, output, run, item,
                       nextKey, nextName)
  if redis.call('EXISTS', itemKey) == 0 then return -2 end
  if redis.call('XACK', stream, group, entry) == 0 then return 0 end
  redis.call('HSET', itemKey, stage, output)
  redis.call('HINCRBY', counters, stage .. ':passed', 1)
  if nextKey ~= '' then
    redis.call('XADD', nextStream, '*', 'run', run, 'item', item, 'attempt', '1')
    redis.call('HINCRBY', counters, nextKey .. ':queued', 1)
    redis.call('HSET', itemKey, 'stage', nextName)
  else
    redis.call('HSET', itemKey, 'status', 'DONE')
    redis.call('HINCRBY', counters, 'done', 1)
  end
  return 1
end

-- Stores the output (unless ''), acks, and ends the item as DROPPED with the reason.
-- Returns 1 applied, 0 stale, -2 item hash missing (nothing changed).
local function dropJob(stream, itemKey, counters, group, entry, stage, output, reason)
  if redis.call('EXISTS', itemKey) == 0 then return -2 end
  if redis.call('XACK', stream, group, entry) == 0 then return 0 end
  if output ~= '' then redis.call('HSET', itemKey, stage, output) end
  redis.call('HSET', itemKey, 'status', 'DROPPED', 'reason', reason)
  redis.call('HINCRBY', counters, stage .. ':dropped:' .. reason, 1)
  redis.call('HINCRBY', counters, 'dropped', 1)
  return 1
end

-- Acks, appends the error to the item's history of the stage, then schedules a retry (due = Redis TIME +
-- delay) or, when permanent or the last allowed attempt, dead-letters the job.
-- Returns 2 dead-lettered, 1 retry scheduled, 0 stale.
local function failJob(stream, itemKey, counters, delayed, dead, group, entry, stage, run, item, attemptText,
                       err, permanent, maxAttempts, delay, member)
  if redis.call('XACK', stream, group, entry) == 0 then return 0 end
  local attempt = tonumber(attemptText)
  if redis.call('EXISTS', itemKey) == 1 then
    local field = 'history:' .. stage
    local history = cjson.decode(redis.call('HGET', itemKey, field) or '[]')
    history[#history + 1] = 'attempt ' .. attempt .. ': ' .. err
    redis.call('HSET', itemKey, field, cjson.encode(history))
  end
  if permanent == '1' or attempt >= tonumber(maxAttempts) then
    deadLetter(dead, itemKey, counters, stage, run, item, attemptText, err)
    return 2
  end
  local t = redis.call('TIME')
  local due = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(delay)
  redis.call('ZADD', delayed, due, member)
  redis.call('HINCRBY', counters, stage .. ':retries', 1)
  return 1
end
