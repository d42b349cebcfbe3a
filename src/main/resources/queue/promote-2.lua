--[[
  Moves retries whose due time (Redis TIME) has come from a stage's delayed zset onto its stream.
  KEYS[1] delayed zset of the stage, members 'run|item|attempt' scored by due time in ms
  KEYS[2] stream of the stage
  ARGV[1] most members to move in one call
  Returns the number of jobs moved
]]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
for _, member in ipairs(due) do
  local run, item, attempt = string.match(member, '^([^|]+)|([^|]+)|(%d+)$')
  if run then
    redis.call('XADD', KEYS[2], '*', 'run', run, 'item', item, 'attempt', attempt)
  else
    -- written by an incompatible version: still enqueue it, the reader dead-letters malformed entries
    redis.call('XADD', KEYS[2], '*', 'raw', member)
  end
  redis.call('ZREM', KEYS[1], member)
end
return #due
