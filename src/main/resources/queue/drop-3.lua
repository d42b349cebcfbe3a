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
--@include finish

return dropJob(KEYS[1], KEYS[2], KEYS[3], ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5])
