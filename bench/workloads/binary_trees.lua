-- binary_trees: the Benchmarks Game binary-trees (allocation-heavy); a node is a
-- two-element table {left, right}, a leaf is an empty table {}.
local N = 14

local function make(d)
  if d == 0 then return {} end
  return { make(d - 1), make(d - 1) }
end

local function check(t)
  if t[1] == nil then return 1 end
  return 1 + check(t[1]) + check(t[2])
end

local function run(max_depth)
  local min_depth = 4
  local total = check(make(max_depth + 1))
  local long_lived = make(max_depth)
  for d = min_depth, max_depth, 2 do
    local iterations = 1
    for _ = 1, max_depth - d + min_depth do iterations = iterations * 2 end
    local sum = 0
    for _ = 1, iterations do sum = sum + check(make(d)) end
    total = total + sum
  end
  return total + check(long_lived)
end

local result = run(N)
if N == 14 and result ~= 3222190 then error("wrong result: " .. tostring(result)) end
print(string.format("%d", result))
