-- proto: the schema that the agent and its client share (skynet's examples/proto.lua is the model).
-- Every packet starts with a `package` header: a request has `type` (the
-- protocol's tag) and a `session` if it wants an answer; an answer has the session.
return [[
.package {
	type 0 : integer
	session 1 : integer
}

handshake 1 {
	response {
		msg 0 : string
	}
}

get 2 {
	request {
		what 0 : string
	}
	response {
		result 0 : string
	}
}

set 3 {
	request {
		what 0 : string
		value 1 : string
	}
}

quit 4 {}
]]
