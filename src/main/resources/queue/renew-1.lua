--[[
  Resets the idle time of jobs a consumer still runs, so XAUTOCLAIM does not hand them to another worker.
  Only entries still pending for this consumer are touched: a job already reclaimed by someone else is
  not taken back. XCLAIM ... JUSTID does not increment the delivery count.
  KEYS[1] stream
  ARGV[1] consumer group
  ARGV[2] consumer
  ARGV[3..n] entry ids
  Returns the number of entries renewed
]]
local renewed = 0
for i = 3, #ARGV do
  local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1, ARGV[2])
  if #p > 0 then
    redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[i], 'JUSTID')
    renewed = renewed + 1
  end
end
return renewed
