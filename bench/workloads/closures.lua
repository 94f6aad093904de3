-- closures: map/filter/reduce (small higher-order helpers; Lua has none built in)
-- with lambdas, including lambdas that capture variables.
local N = 100000

local function map(t, f)
  local out = {}
  for i = 1, #t do out[i] = f(t[i]) end
  return out
end

local function filter(t, f)
  local out = {}
  for i = 1, #t do
    local v = t[i]
    if f(v) then out[#out + 1] = v end
  end
  return out
end

local function reduce(t, f, init)
  local acc = init
  for i = 1, #t do acc = f(acc, t[i]) end
  return acc
end

local function make_adder(k)
  return function(x) return x + k end
end

local function run(n, rounds)
  local xs = {}
  for i = 1, n do xs[i] = i - 1 end
  local acc = 0
  for r = 0, rounds - 1 do
    local add = make_adder(r)
    local ys = map(xs, function(x) return add(x) * 3 end)
    local zs = filter(ys, function(y) return y % 2 == 0 end)
    local total = reduce(zs, function(a, b) return (a + b) % 1000003 end, 0)
    acc = (acc * 31 + total + #zs) % 1000000007
  end
  return acc
end

local result = run(N, 10)
if N == 100000 and result ~= 207476926 then error("wrong result: " .. tostring(result)) end
print(string.format("%d", result))
