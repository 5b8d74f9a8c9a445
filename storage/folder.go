package storage

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Folder is an object store in a local folder, the embedded default: each
// object a plain file under Root, written atomically (temporary file, fsync,
// hard link into place, fsync of the folder) and never replaced.
type Folder struct{ root string }

// NewFolder opens (and creates) a folder store.
func NewFolder(root string) (*Folder, error) {
	if err := os.MkdirAll(filepath.Join(root, ".tmp"), 0o750); err != nil {
		return nil, fmt.Errorf("object folder: %w", err)
	}
	return &Folder{root: root}, nil
}

func (f *Folder) path(key string) (string, error) {
	if err := validKey(key); err != nil {
		return "", err
	}
	return filepath.Join(f.root, filepath.FromSlash(key)), nil
}

// Put writes data at key; an existing key is ErrExists.
func (f *Folder) Put(ctx context.Context, key string, data []byte, _ PutOptions) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	dst, err := f.path(key)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return err
	}
	var rnd [8]byte
	rand.Read(rnd[:])
	tmp := filepath.Join(f.root, ".tmp", hex.EncodeToString(rnd[:]))
	file, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	if _, err := file.Write(data); err != nil {
		file.Close()
		return err
	}
	if err := file.Sync(); err != nil {
		file.Close()
		return err
	}
	if err := file.Close(); err != nil {
		return err
	}
	// A hard link fails if the name exists: no object is ever replaced.
	if err := os.Link(tmp, dst); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s: %w", key, ErrExists)
		}
		return err
	}
	return syncDir(filepath.Dir(dst))
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// Get reads the object at key.
func (f *Folder) Get(ctx context.Context, key string) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	p, err := f.path(key)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w", key, ErrNotFound)
	}
	return data, err
}

// Delete removes the object at key (fsck --repair uses it for orphans only).
func (f *Folder) Delete(ctx context.Context, key string) error {
	p, err := f.path(key)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%s: %w", key, ErrNotFound)
		}
		return err
	}
	return nil
}

// List calls fn for every object.
func (f *Folder) List(ctx context.Context, fn func(ObjectInfo) error) error {
	return filepath.WalkDir(f.root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".tmp" {
				return filepath.SkipDir
			}
			return ctx.Err()
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(f.root, p)
		if err != nil {
			return err
		}
		return fn(ObjectInfo{Key: strings.ReplaceAll(rel, string(filepath.Separator), "/"), Size: info.Size(), Modified: info.ModTime()})
	})
}

// Root is the folder that holds the objects.
func (f *Folder) Root() string { return f.root }
