-- fib: naive doubly recursive Fibonacci.
local N = 30

local function fib(n)
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end

local result = fib(N)
if N == 30 and result ~= 832040 then error("wrong result: " .. tostring(result)) end
print(string.format("%d", result))
