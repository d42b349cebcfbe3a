--[[
  Re-enqueues one dead letter with a fresh first attempt and takes its failure back out of the counters,
  so that queued = passed + dropped + failed + in-stage stays exact. The letter is removed.
  KEYS[1] dead-letter stream
  KEYS[2] stream of the letter's stage
  KEYS[3] item hash
  KEYS[4] run counters hash
  ARGV[1] dead-letter entry id
  ARGV[2] stage key
  ARGV[3] stage name
  ARGV[4] run id
  ARGV[5] item id
  Returns  1 re-enqueued
           0 the letter is gone (already retried) or its item hash is missing; nothing changed
]]
if redis.call('EXISTS', KEYS[3]) == 0 then return 0 end
if redis.call('XDEL', KEYS[1], ARGV[1]) == 0 then return 0 end
if redis.call('HGET', KEYS[3], 'status') == 'FAILED' then
  redis.call('HINCRBY', KEYS[4], ARGV[2] .. ':failed', -1)
  redis.call('HINCRBY', KEYS[4], 'failed', -1)
end
redis.call('HSET', KEYS[3], 'status', 'QUEUED', 'stage', ARGV[3])
redis.call('HDEL', KEYS[3], 'error')
redis.call('XADD', KEYS[2], '*', 'run', ARGV[4], 'item', ARGV[5], 'attempt', '1')
return 1
