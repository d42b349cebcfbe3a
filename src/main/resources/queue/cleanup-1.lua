--[[
  Deletes consumers that hold no pending entries and have been idle longer than a threshold. Checked and
  deleted in one script because XGROUP DELCONSUMER drops the consumer's pending entries: a delivery between
  a separate check and the delete would be lost.
  KEYS[1] stream
  ARGV[1] consumer group
  ARGV[2] idle threshold in ms
  Returns the number of consumers deleted
]]
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local deleted = 0
for _, c in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do
  local f = {}
  for i = 1, #c, 2 do f[c[i]] = c[i + 1] end
  if tonumber(f['pending']) == 0 and tonumber(f['idle']) > tonumber(ARGV[2]) then
    redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], f['name'])
    deleted = deleted + 1
  end
end
return deleted
