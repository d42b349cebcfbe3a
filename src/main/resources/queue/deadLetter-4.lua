--[[
  Dead-letters a pending job without a failure report, used when a job was delivered more often than
  allowed (its workers probably crashed).
  KEYS[1] stream of the job's stage
  KEYS[2] item hash
  KEYS[3] run counters hash
  KEYS[4] dead-letter stream
  ARGV[1] consumer group
  ARGV[2] entry id of the job
  ARGV[3] stage key
  ARGV[4] run id
  ARGV[5] item id
  ARGV[6] attempts to record (the delivery count)
  ARGV[7] error text
  Returns  1 dead-lettered
           0 stale: the entry was not pending; nothing changed
]]
--@include deadLetter

if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
deadLetter(KEYS[4], KEYS[2], KEYS[3], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7])
return 1
