module github.com/sayyes/sayyes/services/advisor

go 1.26

replace github.com/sayyes/sayyes => ../..
