module github.com/sayyes/sayyes/services/mailer

go 1.26

replace github.com/sayyes/sayyes => ../..
