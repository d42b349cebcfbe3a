--[[
  Finishes a batch of jobs in one call. Job i is applied exactly as its own pass-4, drop-3 or fail-5 call
  would (the same functions, from includes/finish): guarded by its own XACK, so a stale delivery changes
  nothing and reports 0 for that job alone; a refusal or an error of one job does not stop the others.
  KEYS[1] dead-letter stream
  then four keys per job i (k = 4(i-1)):
  KEYS[2+k] stream of the job's stage
  KEYS[3+k] item hash
  KEYS[4+k] run counters hash
  KEYS[5+k] pass: stream of the next stage; fail: delayed zset of the stage; drop: unused (any key of
            the job, the stage stream by convention)
  ARGV[1] consumer group
  ARGV[2] max attempts
  then ten arguments per job i (a = 10(i-1)):
  ARGV[3+a] kind: 'pass', 'drop' or 'fail'
  ARGV[4+a] entry id of the job
  ARGV[5+a] stage key
  ARGV[6+a] run id
  ARGV[7+a] item id
  ARGV[8+a..12+a] pass: output JSON, next stage key ('' after the last stage), next stage name
                  drop: output JSON ('' stores nothing), drop reason
                  fail: attempt of this delivery, error text, '1' when permanent, retry delay in ms,
                        delayed zset member run|item|nextAttempt
  Returns an array with one element per job, in order: that job's script return code (pass/drop:
  1 applied, 0 stale, -2 item hash missing; fail: 2 dead-lettered, 1 retry scheduled, 0 stale), or,
  when applying the job raised an error, the error text (what that job had written before the error
  stays, as with its single script; the other jobs are unaffected)
]]
--@include finish

local n = (#KEYS - 1) / 4
if n ~= math.floor(n) or #ARGV ~= 2 + 10 * n then
  return redis.error_reply('finishBatch: expected 1 + 4n keys and 2 + 10n arguments, got ' .. #KEYS
    .. ' keys and ' .. #ARGV .. ' arguments')
end
local group, maxAttempts = ARGV[1], ARGV[2]
local results = {}
for i = 1, n do
  local k, a = 1 + 4 * (i - 1), 2 + 10 * (i - 1)
  local kind = ARGV[a + 1]
  local ok, rc = pcall(function()
    if kind == 'pass' then
      return passJob(KEYS[k + 1], KEYS[k + 2], KEYS[k + 3], KEYS[k + 4], group, ARGV[a + 2], ARGV[a + 3],
        ARGV[a + 6], ARGV[a + 4], ARGV[a + 5], ARGV[a + 7], ARGV[a + 8])
    elseif kind == 'drop' then
      return dropJob(KEYS[k + 1], KEYS[k + 2], KEYS[k + 3], group, ARGV[a + 2], ARGV[a + 3], ARGV[a + 6],
        ARGV[a + 7])
    elseif kind == 'fail' then
      return failJob(KEYS[k + 1], KEYS[k + 2], KEYS[k + 3], KEYS[k + 4], KEYS[1], group, ARGV[a + 2],
        ARGV[a + 3], ARGV[a + 4], ARGV[a + 5], ARGV[a + 6], ARGV[a + 7], ARGV[a + 8], maxAttempts,
        ARGV[a + 9], ARGV[a + 10])
    end
    error('unknown kind ' .. tostring(kind))
  end)
  if ok then
    results[i] = rc
  else
    if type(rc) == 'table' then rc = rc.err or cjson.encode(rc) end
    results[i] = 'ERR ' .. tostring(rc)
  end
end
return results
