-- http.cross_site: whether an HTTP request to a local control port (debug_console's
-- HTTP GET) came from a web page rather than from curl or a person (skyglass's).
--
-- A page in the developer's browser may send GETs to 127.0.0.1 (an <img>, a
-- no-cors fetch): it cannot read the answer, but the command runs. So
-- `<img src="http://127.0.0.1:8000/kill/:8">` killed a service (skynet's console
-- does the same). A browser says where a request comes from: Sec-Fetch-Site,
-- Origin, Referer; and a page that rebinds its own name to 127.0.0.1 sends that
-- name as Host. curl and scripts send none of these, or a Host that is an address.
local M = {}

-- Host, without its port, is "localhost" or an IP address.
local function local_host(host)
	host = host:lower():gsub(":%d+$", "")
	return host == "localhost" or host:match("^[%d%.]+$") ~= nil or host:match("^%[[%x:%.]+%]$") ~= nil
end

-- header: lower-case names -> values. -> nil when the request may run, or why not.
function M.refusal(header)
	local site = header["sec-fetch-site"]
	if site and site ~= "none" and site ~= "same-origin" then
		return "a request from another site (Sec-Fetch-Site: " .. site .. ")"
	end
	if header["origin"] then
		return "a request from a web page (Origin: " .. header["origin"] .. ")"
	end
	local host = header["host"]
	if host and not local_host(host) then
		return "Host " .. host .. " is not an address (a page that renamed itself to 127.0.0.1?)"
	end
	local referer = header["referer"]
	if referer then
		local from = referer:match("^%a[%w+.-]*://([^/]+)")
		if not (from and host and from:lower() == host:lower()) then
			return "a request from a web page (Referer: " .. referer .. ")"
		end
	end
end

return M
