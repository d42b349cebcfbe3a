--[[
  Records a failed attempt: acks the entry, appends the error to the item's history of this stage, then
  either schedules a retry (ZADD to the stage's delayed zset, due = Redis TIME + ARGV[10]) or, when the
  error is permanent or this was the last allowed attempt, dead-letters the job.
  KEYS[1] stream of the job's stage
  KEYS[2] item hash
  KEYS[3] run counters hash
  KEYS[4] delayed zset of the stage
  KEYS[5] dead-letter stream
  ARGV[1] consumer group
  ARGV[2] entry id of the job
  ARGV[3] stage key
  ARGV[4] run id
  ARGV[5] item id
  ARGV[6] attempt number of this delivery (1-based)
  ARGV[7] error text
  ARGV[8] '1' when the error is permanent
  ARGV[9] max attempts
  ARGV[10] retry delay in ms (computed by the caller, jitter included)
  ARGV[11] delayed zset member for the retry: run|item|nextAttempt
  Returns  2 dead-lettered
           1 retry scheduled
           0 stale: the entry was not pending; nothing changed
]]
--@include deadLetter

if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
local stage, attempt = ARGV[3], tonumber(ARGV[6])
if redis.call('EXISTS', KEYS[2]) == 1 then
  local field = 'history:' .. stage
  local history = cjson.decode(redis.call('HGET', KEYS[2], field) or '[]')
  history[#history + 1] = 'attempt ' .. attempt .. ': ' .. ARGV[7]
  redis.call('HSET', KEYS[2], field, cjson.encode(history))
end
if ARGV[8] == '1' or attempt >= tonumber(ARGV[9]) then
  deadLetter(KEYS[5], KEYS[2], KEYS[3], stage, ARGV[4], ARGV[5], ARGV[6], ARGV[7])
  return 2
end
local t = redis.call('TIME')
local due = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(ARGV[10])
redis.call('ZADD', KEYS[4], due, ARGV[11])
redis.call('HINCRBY', KEYS[3], stage .. ':retries', 1)
return 1
