--[[
  Creates a run record, refusing an existing run.
  KEYS[1] run hash
  KEYS[2] runs zset
  ARGV[1] run id
  ARGV[2] created, epoch ms
  ARGV[3] entry stage name
  ARGV[4] number of items
  ARGV[5] settings JSON
  Returns  1 created
          -1 the run already exists; nothing changed
]]
if redis.call('EXISTS', KEYS[1]) == 1 then return -1 end
redis.call('HSET', KEYS[1], 'created', ARGV[2], 'entry', ARGV[3], 'items', ARGV[4], 'settings', ARGV[5])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
return 1
