-- pingsnax: a snax service node a offers to the cluster test (cluster.snax on node b).
local skynet = require "skynet"
local snax = require "skynet.snax"

local notes = {}

function init()
	-- cluster callers reach the methods through the lua protocol
	snax.enablecluster()
end

function accept.note(x)
	notes[#notes + 1] = x
end

function response.notes()
	return table.concat(notes, ",")
end

function response.echo(...)
	return "snax", ...
end

function response.fail()
	error("pingsnax was asked to fail")
end
