--[[
  Gives a job back unfinished (worker shutting down): acks the entry and appends the same job, same
  attempt, to the end of its stream for another worker.
  KEYS[1] stream of the job's stage
  ARGV[1] consumer group
  ARGV[2] entry id
  ARGV[3] run id
  ARGV[4] item id
  ARGV[5] attempt
  Returns  1 released
           0 stale: the entry was not pending; nothing changed
]]
if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('XADD', KEYS[1], '*', 'run', ARGV[3], 'item', ARGV[4], 'attempt', ARGV[5])
return 1
