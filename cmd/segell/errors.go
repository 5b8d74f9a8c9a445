package main

import "github.com/segell/segell/internal/messages"

// describe turns an error of a command into a message for people, in
// Catalan (internal/messages holds the table the web uses too).
func describe(command string, err error) string { return messages.Describe(command, err) }
