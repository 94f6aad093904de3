-- loop_global: the loop of loop_fn at top level with globals (no `local`). A numeric
-- `for` control variable is always local in Lua, so this uses a while loop on a global.
N = 5000000

s = 0
i = 0
while i < N do
  s = (s + i * i + 7) % 1000003
  i = i + 1
end

result = s
if N == 5000000 and result ~= 998658 then error("wrong result: " .. tostring(result)) end
print(string.format("%d", result))
