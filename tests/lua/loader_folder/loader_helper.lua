-- loader_helper: a module that lives beside its service (tests/lua/loader_folder/).
return { name = "beside the service" }
