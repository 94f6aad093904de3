-- strings: string building (concatenation, tostring of ints), join (table.concat),
-- split (a plain-text find loop, like Go's strings.Split) and length.
local N = 200000

local function split(s, sep)
  local out = {}
  local start = 1
  while true do
    local i, j = string.find(s, sep, start, true)
    if not i then
      out[#out + 1] = string.sub(s, start)
      return out
    end
    out[#out + 1] = string.sub(s, start, i - 1)
    start = j + 1
  end
end

local function run(n)
  local parts = {}
  for i = 0, n - 1 do
    parts[#parts + 1] = "w" .. tostring(i % 1000) .. "-" .. tostring(i % 7)
  end
  local text = table.concat(parts, " ")
  local words = split(text, " ")
  local total = 0
  for _, w in ipairs(words) do total = total + #w end
  local csv = table.concat(words, ",")
  local fields = split(csv, ",")
  local dashes = 0
  for _, f in ipairs(fields) do
    local halves = split(f, "-")
    dashes = dashes + #halves[2]
  end
  return #text + #csv + total + #fields + dashes
end

local result = run(N)
if N == 200000 and result ~= 4333998 then error("wrong result: " .. tostring(result)) end
print(string.format("%d", result))
