--[[
  Removes only stream entries that every consumer group has delivered and acknowledged (Redis 7.0 has no
  XTRIM ... ACKED). Per group the first entry still needed is its lowest pending id when it has pending
  entries, else the entry after its last-delivered-id; the stream is trimmed (exactly, MINID) below the
  lowest of these over all groups. A stream without groups is never trimmed.
  KEYS[1] stream
  Returns the number of entries removed
]]
local function parse(id)
  local ms, seq = string.match(id, '^(%d+)-(%d+)$')
  return tonumber(ms), tonumber(seq)
end

local function less(a, b)
  local am, as = parse(a)
  local bm, bs = parse(b)
  return am < bm or (am == bm and as < bs)
end

if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local groups = redis.call('XINFO', 'GROUPS', KEYS[1])
if #groups == 0 then return 0 end
local minid = nil
for _, g in ipairs(groups) do
  local f = {}
  for i = 1, #g, 2 do f[g[i]] = g[i + 1] end
  local needed
  if tonumber(f['pending']) > 0 then
    needed = redis.call('XPENDING', KEYS[1], f['name'])[2]
  else
    local ms, seq = string.match(f['last-delivered-id'], '^(%d+)-(%d+)$')
    needed = ms .. '-' .. string.format('%d', tonumber(seq) + 1)
  end
  if minid == nil or less(needed, minid) then minid = needed end
end
return redis.call('XTRIM', KEYS[1], 'MINID', minid)
