-- web-rotate.lua — a wrk script that asks for the paths listed in a file (one a line), each
-- thread starting at its own place in the list and going round it, so that no one URL's answer
-- is asked for again and again. usage: wrk ... -s bench/web-rotate.lua URL -- PATHS_FILE
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if line ~= "" then
      table.insert(paths, line)
    end
  end
  if #paths == 0 then
    error("web-rotate.lua: no paths in " .. args[1])
  end
  -- spread the threads over the list: thread k starts k/threads of the way in
  next_path = (id * 7919) % #paths
end

function request()
  next_path = next_path % #paths + 1
  return wrk.format("GET", paths[next_path])
end
