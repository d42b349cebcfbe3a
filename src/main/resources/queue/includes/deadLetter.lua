--[[
  Shared fragment: moves a job to the dead-letter stream and ends its item as FAILED, counted once.
  The item and its counters are touched only when the item hash exists, so a job naming an unknown item
  leaves no orphan hash behind.
  Dead-letter entry fields: stage, run, item, attempts, error, history (JSON array of every attempt's
  error, oldest first), at (epoch ms, from Redis TIME).
]]
local function nowMs()
  local t = redis.call('TIME')
  return t[1] .. string.format('%03d', math.floor(tonumber(t[2]) / 1000))
end

local function deadLetter(deadKey, itemKey, countersKey, stage, run, item, attempts, err)
  local history = '[]'
  if redis.call('EXISTS', itemKey) == 1 then
    history = redis.call('HGET', itemKey, 'history:' .. stage) or '[]'
    redis.call('HSET', itemKey, 'status', 'FAILED', 'error', err)
    redis.call('HINCRBY', countersKey, stage .. ':failed', 1)
    redis.call('HINCRBY', countersKey, 'failed', 1)
  end
  redis.call('XADD', deadKey, '*', 'stage', stage, 'run', run, 'item', item, 'attempts', attempts,
    'error', err, 'history', history, 'at', nowMs())
end
