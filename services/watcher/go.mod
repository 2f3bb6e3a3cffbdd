module github.com/sayyes/sayyes/services/watcher

go 1.26

replace github.com/sayyes/sayyes => ../..
