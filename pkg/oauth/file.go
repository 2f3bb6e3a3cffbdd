package oauth

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/oauth2"
)

// ReadToken reads a token file written by WriteToken. A missing file or one
// without a refresh token is ErrNoToken.
func ReadToken(path string) (*oauth2.Token, error) {
	if path == "" {
		return nil, fmt.Errorf("%w: no token_file configured", ErrNoToken)
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s does not exist; run sayyes auth login", ErrNoToken, path)
	}
	if err != nil {
		return nil, fmt.Errorf("oauth: reading the token file: %w", err)
	}
	var t oauth2.Token
	if err := json.Unmarshal(data, &t); err != nil {
		// The error could quote the file's bytes: say only where.
		return nil, fmt.Errorf("oauth: %s is not a token file written by sayyes auth login; run it again", path)
	}
	if t.RefreshToken == "" {
		return nil, fmt.Errorf("%w in %s; run sayyes auth login", ErrNoToken, path)
	}
	t.ExpiresIn = 0
	return &t, nil
}

// WriteToken stores t in path with mode 0600, replacing the file
// atomically (a crash leaves the old file or the new one, never half of
// one). Missing directories are created with mode 0700.
func WriteToken(path string, t *oauth2.Token) error {
	if t == nil || t.RefreshToken == "" {
		return fmt.Errorf("%w to write to %s", ErrNoToken, path)
	}
	st := struct {
		AccessToken  string `json:"access_token,omitempty"`
		TokenType    string `json:"token_type,omitempty"`
		RefreshToken string `json:"refresh_token"`
		Expiry       any    `json:"expiry,omitempty"`
	}{AccessToken: t.AccessToken, TokenType: t.TokenType, RefreshToken: t.RefreshToken}
	if !t.Expiry.IsZero() {
		st.Expiry = t.Expiry.UTC()
	}
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("oauth: creating the token file's folder: %w", err)
	}
	f, err := os.CreateTemp(dir, ".token-*")
	if err != nil {
		return fmt.Errorf("oauth: writing the token file: %w", err)
	}
	tmp := f.Name()
	defer os.Remove(tmp) // after a successful rename, a no-op
	// CreateTemp makes the file 0600; say so in case that ever changes.
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return fmt.Errorf("oauth: writing the token file: %w", err)
	}
	if _, err := f.Write(append(data, '\n')); err != nil {
		f.Close()
		return fmt.Errorf("oauth: writing the token file: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("oauth: writing the token file: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("oauth: writing the token file: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("oauth: writing the token file: %w", err)
	}
	return nil
}
