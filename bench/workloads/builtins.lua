-- builtins: a loop dominated by calls of library functions (#, abs, min, max,
-- tostring, floor, sqrt), called through the math table as usual Lua code does.
local N = 500000

local function run(n)
  local acc = 0
  local arr = { 1, 2, 3 }
  for i = 0, n - 1 do
    local a = math.abs(i - 250000)
    local b = math.min(a, 777) + math.max(i % 13, 5)
    local c = math.floor(math.sqrt(i))
    local d = #tostring(i)
    acc = (acc + a + b + c + d + #arr) % 1000000007
  end
  return acc
end

local result = run(N)
if N == 500000 and result ~= 131313839 then error("wrong result: " .. tostring(result)) end
print(string.format("%d", result))
