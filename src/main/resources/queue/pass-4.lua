--[[
  Finishes a job whose stage passed: stores the output, acks the entry and hands the item to the next
  stage (or marks it DONE after the last), all at once.
  KEYS[1] stream of the job's stage
  KEYS[2] item hash
  KEYS[3] run counters hash
  KEYS[4] stream of the next stage (ignored when ARGV[7] is empty)
  ARGV[1] consumer group
  ARGV[2] entry id of the job
  ARGV[3] stage key (e.g. 'detect'): counter prefix and item field of the output
  ARGV[4] output JSON
  ARGV[5] run id
  ARGV[6] item id
  ARGV[7] next stage key, '' after the last stage
  ARGV[8] next stage name (StageName), stored in the item's 'stage' field
  Returns  1 applied
           0 stale: the entry was not pending (another delivery finished it); nothing changed
          -2 item hash missing; nothing changed, the job stays pending
]]
if redis.call('EXISTS', KEYS[2]) == 0 then return -2 end
if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
local stage = ARGV[3]
redis.call('HSET', KEYS[2], stage, ARGV[4])
redis.call('HINCRBY', KEYS[3], stage .. ':passed', 1)
if ARGV[7] ~= '' then
  redis.call('XADD', KEYS[4], '*', 'run', ARGV[5], 'item', ARGV[6], 'attempt', '1')
  redis.call('HINCRBY', KEYS[3], ARGV[7] .. ':queued', 1)
  redis.call('HSET', KEYS[2], 'stage', ARGV[8])
else
  redis.call('HSET', KEYS[2], 'status', 'DONE')
  redis.call('HINCRBY', KEYS[3], 'done', 1)
end
return 1
