/**
 * The model's Redis scripts. Each runs atomically in one round trip: a behaviour's whole effect
 * (or none of it, for a redelivery), and a whole answer with the products' fields.
 */

/**
 * Projects one behaviour. KEYS: seen, recent, bought, popularity, popEpoch.
 * ARGV: productId, weight, atMs, coPrefix, recentKept, halfLifeMs, seenTtlSeconds, neighboursKept, isPurchase,
 * coWindow. An item's own neighbour set is trimmed when it is the one touched (one ZCARD per call).
 * Returns 1 when applied, 0 for an event id already projected.
 */
export const APPLY_BEHAVIOR = `
if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[7]) then return 0 end
local item, w, at = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local coPrefix, recentKept, kept = ARGV[4], tonumber(ARGV[5]), tonumber(ARGV[8])
local function trim(key)
  if redis.call('ZCARD', key) > kept + math.floor(kept / 2) then
    redis.call('ZREMRANGEBYRANK', key, 0, -kept - 1)
  end
end
-- Co-occurrence with the user's last coWindow items, both ways, weighted by this action.
local recent = redis.call('ZREVRANGE', KEYS[2], 0, tonumber(ARGV[10]) - 1)
for _, other in ipairs(recent) do
  if other ~= item then
    redis.call('ZINCRBY', coPrefix .. other, w, item)
    redis.call('ZINCRBY', coPrefix .. item, w, other)
  end
end
trim(coPrefix .. item)
local last = redis.call('ZSCORE', KEYS[2], item)
if not last or tonumber(last) < at then redis.call('ZADD', KEYS[2], ARGV[3], item) end
redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -recentKept - 1)
if ARGV[9] == '1' then redis.call('SADD', KEYS[3], item) end
-- Forward decay: w * 2^((at - epoch) / halfLife); newer behaviour weighs exponentially more.
redis.call('SET', KEYS[5], ARGV[3], 'NX')
local epoch = tonumber(redis.call('GET', KEYS[5]))
redis.call('ZINCRBY', KEYS[4], w * math.pow(2, (at - epoch) / tonumber(ARGV[6])), item)
return 1
`;

/**
 * One user's recommendations. KEYS: recent, bought, popularity, popEpoch, products.
 * ARGV: coPrefix, limit, recentUsed, neighboursPerItem, nowMs, halfLifeMs.
 * Returns [ids, scores, reasons, productJsons (nil when not preloaded)].
 * Neighbours of the recent items are summed with equal weight; the recent items themselves and
 * purchases are left out; ties go by id, so an answer is deterministic.
 */
export const RECOMMEND = `
local limit = tonumber(ARGV[2])
local recent = redis.call('ZREVRANGE', KEYS[1], 0, tonumber(ARGV[3]) - 1)
local excluded, excludedCount = {}, 0
for _, id in ipairs(recent) do excluded[id] = true; excludedCount = excludedCount + 1 end
for _, id in ipairs(redis.call('SMEMBERS', KEYS[2])) do excluded[id] = true; excludedCount = excludedCount + 1 end
local scores, candidates = {}, {}
for _, seed in ipairs(recent) do
  local n = redis.call('ZREVRANGE', ARGV[1] .. seed, 0, tonumber(ARGV[4]) - 1, 'WITHSCORES')
  for j = 1, #n, 2 do
    local c = n[j]
    if not excluded[c] then
      if not scores[c] then scores[c] = 0; candidates[#candidates + 1] = c end
      scores[c] = scores[c] + tonumber(n[j + 1])
    end
  end
end
table.sort(candidates, function(a, b)
  if scores[a] == scores[b] then return a < b end
  return scores[a] > scores[b]
end)
local ids, out, reasons = {}, {}, {}
for i = 1, math.min(limit, #candidates) do
  local c = candidates[i]
  ids[i] = c; out[i] = tostring(scores[c]); reasons[i] = 'co'; excluded[c] = true
end
if #ids < limit then
  local epoch = tonumber(redis.call('GET', KEYS[4]) or ARGV[5])
  local scale = math.pow(2, (epoch - tonumber(ARGV[5])) / tonumber(ARGV[6]))
  local want = math.min(limit - #ids + excludedCount, limit + 500)
  local popular = redis.call('ZREVRANGE', KEYS[3], 0, want - 1, 'WITHSCORES')
  for j = 1, #popular, 2 do
    if #ids >= limit then break end
    local c = popular[j]
    if not excluded[c] then
      ids[#ids + 1] = c; out[#out + 1] = tostring(tonumber(popular[j + 1]) * scale); reasons[#reasons + 1] = 'popular'
    end
  end
end
local products = {}
if #ids > 0 then products = redis.call('HMGET', KEYS[5], unpack(ids)) end
return {ids, out, reasons, products}
`;

/**
 * Keeps forward-decay scores finite: once the epoch is `maxHalfLives` half-lives old, every
 * score is divided by 2^k and the epoch moved k half-lives on (same ranking, same ratios).
 * KEYS: popularity, popEpoch. ARGV: nowMs, halfLifeMs, maxHalfLives. Returns k (0: nothing to do).
 */
export const REBASE_POPULARITY = `
local epoch = tonumber(redis.call('GET', KEYS[2]) or '')
if not epoch then return 0 end
local k = math.floor((tonumber(ARGV[1]) - epoch) / tonumber(ARGV[2]))
if k < tonumber(ARGV[3]) then return 0 end
redis.call('ZUNIONSTORE', KEYS[1], 1, KEYS[1], 'WEIGHTS', tostring(math.pow(2, -k)))
redis.call('SET', KEYS[2], string.format('%.0f', epoch + k * tonumber(ARGV[2])))
return k
`;
