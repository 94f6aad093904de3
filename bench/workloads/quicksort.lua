-- quicksort: recursive in-place quicksort (Hoare partition, middle pivot) of an array
-- filled by a deterministic Park-Miller LCG (1-based; same pivots as the 0-based ports).
local N = 200000

local function lcg_array(n)
  local seed = 42
  local a = {}
  for i = 1, n do
    seed = (seed * 16807) % 2147483647
    a[i] = seed % 1000000
  end
  return a
end

local function quicksort(a, lo, hi)
  if lo < hi then
    local pivot = a[math.floor((lo + hi) / 2)]
    local i = lo
    local j = hi
    while i <= j do
      while a[i] < pivot do i = i + 1 end
      while a[j] > pivot do j = j - 1 end
      if i <= j then
        a[i], a[j] = a[j], a[i]
        i = i + 1
        j = j - 1
      end
    end
    quicksort(a, lo, j)
    quicksort(a, i, hi)
  end
end

local a = lcg_array(N)
quicksort(a, 1, N)
local checksum = 0
for i = 1, N do
  if i > 1 and a[i - 1] > a[i] then error("not sorted at " .. tostring(i - 1)) end
  checksum = (checksum + a[i] * ((i - 1) % 1000 + 1)) % 1000000007
end
local result = checksum
if N == 200000 and result ~= 246316413 then error("wrong result: " .. tostring(result)) end
print(string.format("%d", result))
