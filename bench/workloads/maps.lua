-- maps: insert and look up string keys in a table.
local N = 200000

local function run(n)
  local m = {}
  local size = 0
  for i = 0, n - 1 do
    local k = "k" .. tostring(i)
    if m[k] == nil then size = size + 1 end
    m[k] = i * 2
  end
  local sum = 0
  local missing = 0
  for i = 0, n - 1 do
    local v = m["k" .. tostring((i * 7) % (n + n))]
    if v == nil then
      missing = missing + 1
    else
      sum = (sum + v) % 1000000007
    end
  end
  return sum + missing * 3 + size
end

local result = run(N)
if N == 200000 and result ~= 857656985 then error("wrong result: " .. tostring(result)) end
print(string.format("%d", result))
