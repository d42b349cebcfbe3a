--[[
  Adds a batch of items to a run and enqueues each at the run's entry stage. Variable key count: three
  fixed keys, then one item hash per item, in the same order as the item arguments.
  KEYS[1] items zset of the run
  KEYS[2] run counters hash
  KEYS[3] stream of the entry stage
  KEYS[4..3+n] item hashes
  ARGV[1] run id
  ARGV[2] entry stage key
  ARGV[3] entry stage name
  ARGV[4+2(i-1)] item id i, ARGV[5+2(i-1)] input JSON of item i
  Returns the number of items added
       -3 an item of the batch already exists; nothing of this batch changed
]]
local n = #KEYS - 3
for i = 1, n do
  if redis.call('EXISTS', KEYS[3 + i]) == 1 then return -3 end
end
for i = 1, n do
  local id, input = ARGV[2 + 2 * i], ARGV[3 + 2 * i]
  redis.call('HSET', KEYS[3 + i], 'entry', ARGV[3], 'input', input, 'status', 'QUEUED', 'stage', ARGV[3])
  redis.call('ZADD', KEYS[1], 0, id)
  redis.call('XADD', KEYS[3], '*', 'run', ARGV[1], 'item', id, 'attempt', '1')
end
redis.call('HINCRBY', KEYS[2], ARGV[2] .. ':queued', n)
return n
