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
--@include finish

return failJob(KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5],
  ARGV[6], ARGV[7], ARGV[8], ARGV[9], ARGV[10], ARGV[11])
