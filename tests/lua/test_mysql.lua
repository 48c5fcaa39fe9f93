-- test_mysql: skynet.db.mysql against a real MariaDB this test initialises in a temp dir and
-- starts on a free 127.0.0.1 port (bounded waits, killed at the end), plus a fake server
-- that sends malformed packets.
local skynet = require "skynet"
local socket = require "skynet.socket"
local mysql = require "skynet.db.mysql"
local t = require "testlib"

local port, dir

local free_port = t.free_port

local function sh(cmd, what)
	assert(os.execute(cmd), what .. " failed: " .. cmd)
end

local function start_mariadb()
	assert(os.execute("command -v mariadbd >/dev/null && command -v mariadb-install-db >/dev/null"),
		"mariadbd / mariadb-install-db are not installed (Debian package mariadb-server)")
	port = free_port()
	dir = "/tmp/skyglass-mysql-" .. port
	sh("rm -rf " .. dir .. " && mkdir -p " .. dir, "mkdir")
	-- small buffers and no fsync: a throwaway server that starts fast
	local tuning = "--innodb-buffer-pool-size=16M --innodb-log-file-size=4M --innodb-flush-method=nosync"
	local as_root = "$([ $(id -u) = 0 ] && echo --user=root)"
	-- in the background, polled: a blocking os.execute of several seconds would stall this
	-- service's worker (and the monitor would call it an endless loop)
	sh(string.format("(timeout 60 mariadb-install-db --no-defaults %s --datadir=%s/data"
		.. " --auth-root-authentication-method=normal --skip-test-db %s > %s/install.log 2>&1;"
		.. " echo $? > %s/install.rc) > /dev/null 2>&1 &", as_root, dir, tuning, dir, dir), "mariadb-install-db")
	local rc
	for _ = 1, 1300 do -- 65 s at most (the command itself stops at 60)
		local f = io.open(dir .. "/install.rc")
		rc = f and f:read("n")
		if f then
			f:close()
		end
		if rc then
			break
		end
		skynet.sleep(5)
	end
	assert(rc == 0, "mariadb-install-db failed (exit " .. tostring(rc) .. ", see " .. dir .. "/install.log)")
	-- in the background, its output in files: nothing of it holds the test's stdout open
	sh(string.format("mariadbd --no-defaults %s --datadir=%s/data --port=%d --bind-address=127.0.0.1"
		.. " --socket=%s/sock --pid-file=%s/pid --log-error=%s/err.log --skip-name-resolve %s"
		.. " > /dev/null 2>&1 &", as_root, dir, port, dir, dir, dir, tuning), "mariadbd")
	for _ = 1, 400 do -- 20 s at most
		local fd = socket.open("127.0.0.1", port)
		if fd then
			socket.close(fd)
			return
		end
		skynet.sleep(5)
	end
	error("mariadbd did not listen on port " .. port .. " within 20 s (see " .. dir .. "/err.log)")
end

local function stop_mariadb()
	if dir then
		os.execute(string.format("kill -9 $(cat %s/pid 2>/dev/null) 2>/dev/null; rm -rf %s", dir, dir))
		dir = nil
	end
end

local function ok_query(db, sql)
	local r = db:query(sql)
	if r.badresult then
		error(string.format("%s: %s (%s)", sql, r.err, r.errno), 2)
	end
	return r
end

local db

-- A fake server: sends `greeting` (a payload) as packet 0, then answers each packet it gets
-- with answer(n, payload) -> payloads (numbered after the client's sequence number).
local function fake_server(greeting, answer)
	local lid, _, p = socket.listen("127.0.0.1", 0)
	socket.start(lid, function(fd)
		socket.start(fd)
		skynet.fork(function()
			socket.write(fd, string.pack("<I3B", #greeting, 0) .. greeting)
			local n = 0
			while true do
				local head = socket.read(fd, 4)
				if not head then
					return
				end
				local len, seq = string.unpack("<I3B", head)
				local payload = len > 0 and socket.read(fd, len) or ""
				n = n + 1
				for i, out in ipairs(answer(n, payload)) do
					socket.write(fd, string.pack("<I3B", #out, (seq + i) & 0xff) .. out)
				end
			end
		end)
	end)
	return p, lid
end

-- A protocol-10 greeting with a fixed 20-byte scramble.
local GREETING = "\10" .. "5.5.5-fake\0" .. string.pack("<I4", 7) .. "abcdefgh\0"
	.. string.pack("<I2BI2I2", 0xf7ff, 33, 2, 0x81bf) .. "\21" .. string.rep("\0", 10)
	.. "ijklmnopqrst\0" .. "mysql_native_password\0"
local OK = "\0\0\0\2\0\0\0"

t.run("test_mysql", {
	{ "start mariadbd, create a mysql_native_password user", function()
		start_mariadb()
		local root = mysql.connect { host = "127.0.0.1", port = port, user = "root", password = "" }
		ok_query(root, "CREATE USER 'sky'@'127.0.0.1' IDENTIFIED VIA mysql_native_password USING PASSWORD('s3cret')")
		ok_query(root, "GRANT ALL ON *.* TO 'sky'@'127.0.0.1'")
		ok_query(root, "CREATE DATABASE skytest")
		root:disconnect()
	end },
	{ "connect with a password and a database; a wrong password fails", function()
		db = mysql.connect { host = "127.0.0.1", port = port, user = "sky", password = "s3cret",
			database = "skytest", charset = "utf8mb4", max_packet_size = 1024 * 1024 }
		t.eq(db:server_ver():find("MariaDB", 1, true) ~= nil, true, "server_ver " .. db:server_ver())
		t.eq(db:query("select database() as d")[1].d, "skytest", "the database")
		t.eq(pcall(mysql.connect, { host = "127.0.0.1", port = port, user = "sky", password = "wrong" }),
			false, "a wrong password")
		t.eq(db:ping().server_status & 2, 2, "ping: an OK with autocommit set")
	end },
	{ "text protocol: OK packets, typed columns, NULL, compact arrays", function()
		local r = ok_query(db, "create table t (id int auto_increment primary key, name varchar(20),"
			.. " score double, big bigint, price decimal(6,2), note text, blob_ varbinary(16),"
			.. " at datetime, neg tinyint)")
		t.eq(r.affected_rows, 0, "create")
		r = ok_query(db, "insert into t (name, score, big, price, note, blob_, at, neg) values"
			.. " ('ann', 1.5, 9007199254740993, 12.30, null, x'00ff0d0a', '2024-05-06 07:08:09', -3),"
			.. " ('bob', 2, -1, 0.5, 'hi', '', null, 4)")
		t.eq(r.affected_rows, 2, "insert rows")
		t.eq(r.insert_id, 1, "first insert id")
		local rows = ok_query(db, "select * from t order by id")
		t.eq(#rows, 2, "two rows")
		local a = rows[1]
		t.eq(a.id, 1, "int")
		t.eq(math.type(a.id), "integer", "int is an integer")
		t.eq(a.name, "ann", "varchar")
		t.eq(a.score, 1.5, "double")
		t.eq(a.big, 9007199254740993, "bigint keeps every digit")
		t.eq(a.price, 12.3, "decimal as a number")
		t.eq(a.note, nil, "NULL is nil")
		t.eq(a.blob_, "\0\255\r\n", "binary bytes")
		t.eq(a.at, "2024-05-06 07:08:09", "datetime as text")
		t.eq(a.neg, -3, "signed tinyint")
		t.eq(rows[2].blob_, "", "empty string")
		db:set_compact_arrays(true)
		local c = ok_query(db, "select id, name, note from t order by id")
		t.eq(c[1][2], "ann", "compact: by position")
		t.eq(c[1][3], nil, "compact NULL")
		t.eq(c[2][1], 2, "compact second row")
		db:set_compact_arrays(false)
		t.eq(#ok_query(db, "select * from t where id < 0"), 0, "an empty result set")
	end },
	{ "several statements: multiresultset, an error part way", function()
		local r = db:query("select 1 as a; update t set score = 3 where id = 2; select name from t where id = 2")
		t.eq(r.multiresultset, true, "flagged")
		t.eq(#r, 3, "three results")
		t.eq(r[1][1].a, 1, "first rows")
		t.eq(r[2].affected_rows, 1, "an OK in the middle")
		t.eq(r[3][1].name, "bob", "last rows")
		r = db:query("select 1 as a; select * from no_such_table; select 2")
		t.eq(r.multiresultset, true, "flagged")
		t.eq(r.badresult, true, "failed part way")
		t.eq(r.errno, 1146, "errno")
		t.eq(r[1][1].a, 1, "the results before the error")
		t.eq(ok_query(db, "select 7 as x")[1].x, 7, "the connection is in step")
	end },
	{ "errors: badresult with errno, sqlstate and the server's text", function()
		local r = db:query("selec nothing")
		t.eq(r.badresult, true, "badresult")
		t.eq(r.errno, 1064, "errno")
		t.eq(r.sqlstate, "42000", "sqlstate")
		t.eq(r.err:find("SQL syntax", 1, true) ~= nil, true, "err " .. r.err)
		r = db:query("insert into t (id) values (1)")
		t.eq(r.errno, 1062, "duplicate key")
		t.eq(ok_query(db, "select count(*) as n from t")[1].n, 2, "still usable")
	end },
	{ "quote_sql_str survives a round trip", function()
		t.eq(mysql.quote_sql_str("it's"), [['it\'s']], "a quote")
		local nasty = "a'b\"c\\d\0e\nf\rg\tz\26\b end"
		ok_query(db, "insert into t (name, note) values ('q', " .. mysql.quote_sql_str(nasty) .. ")")
		t.eq(ok_query(db, "select note from t where name = 'q'")[1].note, nasty, "stored as given")
	end },
	{ "prepared statements: prepare, execute, binary rows, reset, close", function()
		local ins = db:prepare("insert into t (name, score, big, note, at, neg) values (?, ?, ?, ?, ?, ?)")
		t.eq(ins.badresult, nil, "prepared")
		t.eq(ins.param_count, 6, "param_count")
		t.eq(ins.field_count, 0, "field_count")
		local r = db:execute(ins, "cy", 0.25, -(1 << 40), nil, "2020-01-02 03:04:05", true)
		t.eq(r.affected_rows, 1, "an insert")
		local id = r.insert_id
		local sel = db:prepare("select id, name, score, big, note, at, price, neg from t where id = ?")
		t.eq(sel.param_count, 1, "one parameter")
		t.eq(#sel.fields, 8, "eight fields")
		local rows = db:execute(sel, id)
		local c = rows[1]
		t.eq(c.id, id, "int")
		t.eq(c.name, "cy", "string")
		t.eq(c.score, 0.25, "double")
		t.eq(c.big, -(1 << 40), "bigint")
		t.eq(c.note, nil, "NULL")
		t.eq(c.at, "2020-01-02 03:04:05", "datetime")
		t.eq(c.neg, 1, "a boolean parameter is 1")
		rows = db:execute(sel, 1)
		t.eq(rows[1].price, 12.3, "decimal")
		t.eq(rows[1].neg, -3, "signed tinyint")
		t.eq(#db:execute(sel, -1), 0, "no rows")
		t.raises(function() db:execute(sel, 1, 2) end, "require stmt.param_count 1 get arg_num 2")
		t.raises(function() db:execute(sel, {}) end, "invalid parameter type table")
		t.eq(db:stmt_reset(sel).server_status ~= nil, true, "stmt_reset answers OK")
		db:stmt_close(sel)
		r = db:execute(sel, 1)
		t.eq(r.badresult, true, "a closed statement")
		t.eq(r.errno, 1243, "unknown prepared statement")
		r = db:prepare("select from where")
		t.eq(r.badresult, true, "a bad statement does not prepare")
		t.eq(r.errno, 1064, "its errno")
		db:stmt_close(ins)
	end },
	{ "stop mariadbd: a request raises", function()
		stop_mariadb()
		local ok = pcall(db.query, db, "select 1")
		t.eq(ok, false, "a dead server raises")
		db:disconnect()
	end },
	{ "hostile server: a bad greeting fails the connect", function()
		local p, lid = fake_server("\10 not a greeting", function() return {} end)
		t.eq(pcall(mysql.connect, { host = "127.0.0.1", port = p, user = "x" }), false, "connect fails")
		socket.close(lid)
	end },
	{ "hostile server: lying lengths raise a named error, not a hang", function()
		local p, lid = fake_server(GREETING, function(n, payload)
			if n == 1 then
				return { OK } -- the login
			elseif payload == "\3select 1" then
				-- 1 column whose definition claims a 200-byte name in a 10-byte packet
				return { "\1", "\3def\0\0\0\200abc" }
			end
			return { "\0\0\0\2\0\0\0" }
		end)
		local c = mysql.connect { host = "127.0.0.1", port = p, user = "x", password = "y" }
		t.eq(c:server_ver(), "5.5.5-fake", "the fake's version")
		t.raises(function() c:query("select 1") end, "mysql: malformed packet", "a lying length")
		c:disconnect()
		socket.close(lid)
	end },
	{ "cleanup", function()
		stop_mariadb()
	end },
})
