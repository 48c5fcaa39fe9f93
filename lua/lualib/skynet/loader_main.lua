-- skynet.loader_main: calls a service's main chunk with its arguments, as skynet's loader.lua does.
--
-- Through a local named `main`, so a traceback through the main chunk names
-- the frame "in local 'main'", as skynet's (its loader calls it so), not
-- "in main chunk".
return function(main, ...)
	main(...)
end
