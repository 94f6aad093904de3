-- sieve: sieve of Eratosthenes.
local N = 2000000

local function sieve(n)
  local flags = {}
  for k = 0, n do flags[k] = true end
  flags[0] = false
  flags[1] = false
  local i = 2
  while i * i <= n do
    if flags[i] then
      for j = i * i, n, i do flags[j] = false end
    end
    i = i + 1
  end
  local count = 0
  local sum = 0
  for k = 0, n do
    if flags[k] then
      count = count + 1
      sum = (sum + k) % 1000000007
    end
  end
  return count * 1000000007 + sum
end

local result = sieve(N)
if N == 2000000 and result ~= 148933914870459 then error("wrong result: " .. tostring(result)) end
print(string.format("%d", result))
