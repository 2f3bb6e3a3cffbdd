module github.com/sayyes/sayyes/services/sayyes

go 1.26

replace github.com/sayyes/sayyes => ../..
