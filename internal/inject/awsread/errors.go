package awsread

import (
	"context"
	"errors"
	"fmt"

	"github.com/arca-vault/arca/internal/inject"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// ServiceError is an error answer of the service, classified: errors.Is
// matches inject.ErrNotFound or inject.ErrDenied where the code means so.
type ServiceError struct {
	Code    string
	Message string
	kind    error
}

// Error is "Code: Message", as the service wrote them.
func (e *ServiceError) Error() string {
	if e.Message == "" {
		return e.Code
	}
	return e.Code + ": " + e.Message
}

// Unwrap returns the class of the error (nil when it has none).
func (e *ServiceError) Unwrap() error { return e.kind }

var codeKinds = map[string]error{
	"ParameterNotFound":           inject.ErrNotFound,
	"ParameterVersionNotFound":    inject.ErrNotFound,
	"ResourceNotFoundException":   inject.ErrNotFound,
	"AccessDeniedException":       inject.ErrDenied,
	"AccessDenied":                inject.ErrDenied,
	"UnrecognizedClientException": inject.ErrDenied,
	"InvalidClientTokenId":        inject.ErrDenied,
	"ExpiredTokenException":       inject.ErrDenied,
	"InvalidSignatureException":   inject.ErrDenied,
	"SignatureDoesNotMatch":       inject.ErrDenied,
	"MissingAuthenticationToken":  inject.ErrDenied,
	"IncompleteSignature":         inject.ErrDenied,
}

// refusedCodes mean a batch operation is not available to this caller or
// server; the reads are then made one by one.
var refusedCodes = map[string]bool{
	"AccessDeniedException": true, "AccessDenied": true,
	"UnknownOperationException": true, "InvalidAction": true, "UnsupportedOperation": true,
}

// classify turns an SDK error into a ServiceError or an ErrUnreachable.
func classify(err error) error {
	if err == nil {
		return nil
	}
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return &ServiceError{Code: ae.ErrorCode(), Message: ae.ErrorMessage(), kind: codeKinds[ae.ErrorCode()]}
	}
	var se *smithyhttp.RequestSendError
	if errors.As(err, &se) {
		return fmt.Errorf("%w: %v", inject.ErrUnreachable, se.Err)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%w: no answer in time", inject.ErrUnreachable)
	}
	return err
}

// code returns the service error code of err ("" when it has none).
func code(err error) string {
	var se *ServiceError
	if errors.As(err, &se) {
		return se.Code
	}
	return ""
}
