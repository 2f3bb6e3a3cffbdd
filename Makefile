# Sayyes build, test and demo. Every target works on a fresh clone with Go
# installed; `make test` also needs Dovecot and Postfix (.ci/run installs them).

GO        ?= go
MODULES   := . services/watcher services/advisor services/mailer services/sayyes
STATICCHECK_VERSION := v0.8.2

.PHONY: build test demo lint bench fuzz modules clean

build:
	@mkdir -p bin
	$(GO) build -o bin/ ./services/watcher/cmd/watcher ./services/advisor/cmd/advisor ./services/mailer/cmd/mailer ./services/sayyes/cmd/sayyes

# `./...` does not enter the nested service modules; `work` covers every
# module in go.work.
test: build
	$(GO) test -race -count=1 -timeout 30m work

demo: build
	bin/sayyes demo --out demo-output

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet work
	$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) work

# Each module must also build on its own, as `go mod tidy` and Docker see it.
modules:
	@for m in $(MODULES); do echo "== $$m (GOWORK=off)"; (cd $$m && GOWORK=off $(GO) build ./... && GOWORK=off $(GO) vet ./...) || exit 1; done

bench:
	$(GO) test -run '^$$' -bench . -benchmem -count 1 work

# Each fuzz target runs for FUZZTIME; a failing input is written to the
# package's testdata/fuzz/<target> and then replays in every `go test`.
FUZZTIME     ?= 30s
FUZZ_TARGETS := pkg/mailmsg:FuzzParse pkg/mailmsg:FuzzDate pkg/mailmsg:FuzzCleanHeader pkg/mailmsg:FuzzDecodeWord \
	pkg/calendar:FuzzCalendar pkg/detect:FuzzClassify pkg/detect:FuzzProposedTimes

fuzz:
	@for t in $(FUZZ_TARGETS); do pkg=$${t%%:*}; fn=$${t##*:}; \
		echo "== $$fn ($$pkg, $(FUZZTIME))"; \
		$(GO) test -run '^$$' -fuzz "^$$fn$$" -fuzztime $(FUZZTIME) ./$$pkg/ || exit 1; \
	done

clean:
	rm -rf bin demo-output
