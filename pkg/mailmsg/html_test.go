package mailmsg

import "testing"

func TestHTMLText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"paragraphs", "<p>One</p><p>Two</p>", "One\n\nTwo"},
		{"line breaks", "a<br>b<br/>c", "a\nb\nc"},
		{"link target kept", `Book <a href="https://cal.example/x">here</a>.`, "Book <https://cal.example/x> here."},
		{"single-quoted and extra attributes", `<a class="btn" href='https://meet.example/j/1' target=_blank>Join</a>`, "<https://meet.example/j/1> Join"},
		{"non-http link dropped", `<a href="mailto:x@example.com">mail</a> <a href="javascript:alert(1)">js</a>`, "mail js"},
		{"script and style dropped", "<style>.a{color:red}</style>keep<script>var x = '<p>';</script> this", "keep this"},
		{"head and title dropped", "<html><head><title>T</title><meta charset=utf-8></head><body>Body</body></html>", "Body"},
		{"entities decoded", "Q&amp;A &lt;today&gt; caf&eacute;", "Q&A <today> café"},
		{"table cells spaced", "<table><tr><td>Date</td><td>Monday</td></tr><tr><td>Time</td><td>10:00</td></tr></table>", "Date Monday\n\nTime 10:00"},
		{"blank runs collapsed", "<div></div><div></div><div></div>x<div>  </div><div></div>y", "x\n\ny"},
		{"unclosed tags", "<p>open <b>bold <i>ital", "open bold ital"},
		{"empty", "", ""},
		{"not html at all", "just words", "just words"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := HTMLText(tt.in); got != tt.want {
				t.Errorf("HTMLText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
