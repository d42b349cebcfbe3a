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
--@include finish

return passJob(KEYS[1], KEYS[2], KEYS[3], KEYS[4], ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5],
  ARGV[6], ARGV[7], ARGV[8])
