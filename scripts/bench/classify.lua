-- wrk script: POSTs one image as multipart/form-data to a classify endpoint, and counts the answers by
-- status. Set IMAGE (a file) and TTA (center, ten-crop, ...) in the environment; the path is wrk's URL's.
local boundary = "tenfold-sustained-load"
local file = assert(io.open(os.getenv("IMAGE"), "rb"))
local image = file:read("*all")
file:close()
local body = "--" .. boundary .. "\r\n"
    .. "Content-Disposition: form-data; name=\"image\"; filename=\"image.png\"\r\n"
    .. "Content-Type: application/octet-stream\r\n\r\n" .. image .. "\r\n--" .. boundary .. "--\r\n"

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  counts = {}
  path = wrk.path .. "?tta=" .. (os.getenv("TTA") or "center")
end

function request()
  return wrk.format("POST", path, {["Content-Type"] = "multipart/form-data; boundary=" .. boundary}, body)
end

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    local c = thread:get("counts")
    for status, n in pairs(c) do
      total[status] = (total[status] or 0) + n
    end
  end
  local line = "statuses:"
  for status, n in pairs(total) do
    line = line .. " " .. status .. "=" .. n
  end
  print(line)
  print(string.format("p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms; %.2f requests/s",
      latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
      latency.max / 1000, summary.requests / (summary.duration / 1e6)))
end
