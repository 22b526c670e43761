// Package browsertest opens pages in Debian's headless Chromium for tests,
// with no network, and records what a person would not want to see: console
// errors, uncaught exceptions and JavaScript dialogs (alert, confirm).
package browsertest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Required is the environment variable CI sets so a missing browser fails
// the test instead of skipping it.
const Required = "SVHUB_BROWSER_TESTS"

// Browser starts headless Chromium for the test, or skips the test when
// there is none (and fails it when SVHUB_BROWSER_TESTS=1, as in CI). Under
// -short (make test) it skips: a browser start costs seconds.
func Browser(t *testing.T) context.Context {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test: skipped under -short (make test); make test-all runs it")
	}
	exe := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			exe = p
			break
		}
	}
	if exe == "" {
		if os.Getenv(Required) == "1" {
			t.Fatal("no chromium on PATH, and " + Required + "=1 (install the Debian package chromium)")
		}
		t.Skip("no chromium on PATH: browser tests skipped (apt-get install chromium)")
	}
	// A fresh profile; removed after the browser has gone (Chromium may still
	// be writing to it as it exits, which t.TempDir would report).
	profile, err := os.MkdirTemp("", "svhub-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(profile),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelB := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelT(); cancelB(); cancelA(); os.RemoveAll(profile) })
	if err := chromedp.Run(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// Page is one open tab and what it reported.
type Page struct {
	Ctx     context.Context
	mu      sync.Mutex
	errors  []string
	dialogs []string
}

// Open opens a local file in a new tab of the browser.
func Open(t *testing.T, browser context.Context, path string) *Page {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	t.Cleanup(cancel)
	p := &Page{Ctx: ctx}
	chromedp.ListenTarget(ctx, func(ev any) {
		switch e := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.APITypeError || e.Type == runtime.APITypeAssert {
				p.add(&p.errors, fmt.Sprintf("console.%s: %v", e.Type, argsText(e.Args)))
			}
		case *runtime.EventExceptionThrown:
			p.add(&p.errors, "uncaught: "+e.ExceptionDetails.Error())
		case *page.EventJavascriptDialogOpening:
			p.add(&p.dialogs, string(e.Type)+": "+e.Message)
			go chromedp.Run(ctx, page.HandleJavaScriptDialog(false))
		}
	})
	if err := chromedp.Run(ctx, chromedp.Navigate("file://"+path), chromedp.WaitReady("body")); err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	return p
}

func argsText(args []*runtime.RemoteObject) string {
	s := ""
	for _, a := range args {
		if a.Value != nil {
			s += string(a.Value) + " "
		} else {
			s += a.Description + " "
		}
	}
	return s
}

func (p *Page) add(list *[]string, s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	*list = append(*list, s)
}

// Errors are the console errors and uncaught exceptions so far.
func (p *Page) Errors() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.errors...)
}

// Dialogs are the JavaScript dialogs the page opened so far.
func (p *Page) Dialogs() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.dialogs...)
}

// Eval runs a JavaScript expression and stores its JSON result in out.
func (p *Page) Eval(t *testing.T, js string, out any) {
	t.Helper()
	if err := chromedp.Run(p.Ctx, chromedp.Evaluate(js, out)); err != nil {
		t.Fatalf("evaluate %q: %v", js, err)
	}
}

// Run runs chromedp actions on the page.
func (p *Page) Run(t *testing.T, actions ...chromedp.Action) {
	t.Helper()
	if err := chromedp.Run(p.Ctx, actions...); err != nil {
		t.Fatalf("browser: %v", err)
	}
}

// Screenshot writes a full-page PNG (for people to look at, not to compare).
func (p *Page) Screenshot(t *testing.T, path string) {
	t.Helper()
	var buf []byte
	p.Run(t, chromedp.FullScreenshot(&buf, 100))
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		t.Fatal(err)
	}
}

// PrintPDF prints the page as Chrome's "Save as PDF" does: the page's own
// @page size and margins, backgrounds on, beforeprint handlers run.
func (p *Page) PrintPDF(t *testing.T) []byte {
	t.Helper()
	var buf []byte
	p.Run(t, chromedp.ActionFunc(func(ctx context.Context) error {
		var err error
		buf, _, err = page.PrintToPDF().WithPreferCSSPageSize(true).WithPrintBackground(true).Do(ctx)
		return err
	}))
	return buf
}
