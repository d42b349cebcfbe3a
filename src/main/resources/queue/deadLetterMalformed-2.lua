--[[
  Dead-letters a stream entry that is not a valid job (missing or bad fields). No item or counter is
  touched: the entry may name no item at all.
  KEYS[1] stream the entry came from
  KEYS[2] dead-letter stream
  ARGV[1] consumer group
  ARGV[2] entry id
  ARGV[3] stage key
  ARGV[4] run field as found ('' when missing)
  ARGV[5] item field as found ('' when missing)
  ARGV[6] error text naming what is wrong
  Returns  1 dead-lettered
           0 stale: the entry was not pending; nothing changed
]]
--@include deadLetter

if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('XADD', KEYS[2], '*', 'stage', ARGV[3], 'run', ARGV[4], 'item', ARGV[5], 'attempts', '0',
  'error', ARGV[6], 'history', '[]', 'at', nowMs())
return 1
