-- wrk script for bench/ingest-webhooks.ts: replays pre-signed webhook bodies, each request with a
-- new x-adobe-commerce-request-id so ingest treats every one as a new event.
-- The requests file has one request per line: "<signature>\t<json body>".
local requests = {}
local counter = 0
local thread_id = 0

function init(args)
  thread_id = math.random(1, 1000000000)
  for line in io.lines(args[1]) do
    local tab = string.find(line, "\t", 1, true)
    requests[#requests + 1] = { signature = string.sub(line, 1, tab - 1), body = string.sub(line, tab + 1) }
  end
end

function request()
  counter = counter + 1
  local r = requests[(counter % #requests) + 1]
  return wrk.format("POST", "/webhooks/magento", {
    ["content-type"] = "application/json",
    ["x-adobe-commerce-webhook-signature"] = r.signature,
    ["x-adobe-commerce-request-id"] = "wrk-" .. thread_id .. "-" .. counter,
  }, r.body)
end
