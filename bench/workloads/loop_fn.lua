-- loop_fn: a tight int loop inside a function (locals only).
local N = 5000000

local function run(n)
  local s = 0
  for i = 0, n - 1 do
    s = (s + i * i + 7) % 1000003
  end
  return s
end

local result = run(N)
if N == 5000000 and result ~= 998658 then error("wrong result: " .. tostring(result)) end
print(string.format("%d", result))
