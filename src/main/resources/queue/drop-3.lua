--[[
  Finishes a job whose stage dropped the item: stores the output, acks the entry, ends the item as DROPPED.
  KEYS[1] stream of the job's stage
  KEYS[2] item hash
  KEYS[3] run counters hash
  ARGV[1] consumer group
  ARGV[2] entry id of the job
  ARGV[3] stage key
  ARGV[4] output JSON ('' stores nothing)
  ARGV[5] drop reason (a short token, e.g. 'similarity')
  Returns  1 applied
           0 stale: the entry was not pending; nothing changed
          -2 item hash missing; nothing changed
]]
if redis.call('EXISTS', KEYS[2]) == 0 then return -2 end
if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
local stage = ARGV[3]
if ARGV[4] ~= '' then redis.call('HSET', KEYS[2], stage, ARGV[4]) end
redis.call('HSET', KEYS[2], 'status', 'DROPPED', 'reason', ARGV[5])
redis.call('HINCRBY', KEYS[3], stage .. ':dropped:' .. ARGV[5], 1)
redis.call('HINCRBY', KEYS[3], 'dropped', 1)
return 1
