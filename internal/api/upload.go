package api

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strings"
)

// maxUpload is the largest file the API reads.
const maxUpload = 64 << 20

// The media types of an uploaded file.
const (
	mediaMultipart = "multipart/form-data"
	mediaCSV       = "text/csv"
	mediaXLSX      = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// fileUpload is an uploaded file with the column mapping that came with it.
type fileUpload struct {
	data    []byte
	mapping *importMappingIn // nil: guessed from the header
}

// checkUploadType answers 415 unless the body is a form with a file, a CSV or an
// XLSX file.
func checkUploadType(r *http.Request) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err == nil && (mt == mediaMultipart || mt == mediaCSV || mt == mediaXLSX) {
		return nil
	}
	return &statusError{
		status: http.StatusUnsupportedMediaType,
		detail: "Stuur het bestand als multipart/form-data (deel bestand, met koppeling), als text/csv of als XLSX.",
	}
}

// readUpload reads the file and the mapping from the body.
func readUpload(r *http.Request) (*fileUpload, error) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != mediaMultipart {
		data, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, uploadError(err)
		}
		if len(data) == 0 {
			return nil, badParams(invalidParam{Name: "bestand", Code: "invalid", Reason: "Het bestand is leeg."})
		}
		return &fileUpload{data: data}, nil
	}
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		return nil, uploadError(err)
	}
	defer r.MultipartForm.RemoveAll()
	var bad []invalidParam
	f := &fileUpload{}
	for name := range r.MultipartForm.Value {
		if name != "koppeling" {
			bad = append(bad, invalidParam{Name: name, Code: "unknown", Reason: "Dit deel bestaat hier niet; stuur bestand en koppeling."})
		}
	}
	for name := range r.MultipartForm.File {
		if name != "bestand" {
			bad = append(bad, invalidParam{Name: name, Code: "unknown", Reason: "Dit deel bestaat hier niet; stuur bestand en koppeling."})
		}
	}
	if vs := r.MultipartForm.Value["koppeling"]; len(vs) > 0 {
		m := &importMappingIn{}
		if err := decodeStrict([]byte(vs[0]), m, "Verwacht een JSON-object dat velden koppelt aan kolomkoppen, zoals {\"aantal\": \"Uren\"}."); err != nil {
			bad = append(bad, invalidParam{Name: "koppeling", Code: "type", Reason: err.Error()})
		} else {
			f.mapping = m
		}
	}
	fhs := r.MultipartForm.File["bestand"]
	if len(fhs) != 1 {
		bad = append(bad, invalidParam{Name: "bestand", Code: "invalid", Reason: "Stuur één bestand in het deel bestand."})
	} else {
		file, err := fhs[0].Open()
		if err != nil {
			return nil, err
		}
		defer file.Close()
		if f.data, err = io.ReadAll(file); err != nil {
			return nil, uploadError(err)
		}
		if len(f.data) == 0 {
			bad = append(bad, invalidParam{Name: "bestand", Code: "invalid", Reason: "Het bestand is leeg."})
		}
	}
	if len(bad) > 0 {
		sortParams(bad)
		return nil, badParams(bad...)
	}
	return f, nil
}

func uploadError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return &statusError{status: http.StatusRequestEntityTooLarge, detail: "Het bestand is te groot: hoogstens 64 MB."}
	}
	return &statusError{status: http.StatusBadRequest, detail: "Het bestand kon niet worden gelezen: " + strings.TrimSpace(mimeReason(err))}
}

func mimeReason(err error) string {
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return "het bericht is afgebroken."
	}
	return "het bericht is geen geldig multipart/form-data."
}

// uploadBody is the request body of a file upload in the OpenAPI document.
func uploadBody(g *schemaGen) map[string]any {
	mapping := g.schema(typeOfMapping)
	return map[string]any{
		"required": true,
		"content": map[string]any{
			mediaMultipart: map[string]any{
				"schema": map[string]any{
					"type":     "object",
					"required": []string{"bestand"},
					"properties": map[string]any{
						"bestand":   map[string]any{"type": "string", "format": "binary", "description": "Een CSV- of XLSX-bestand met een kopregel"},
						"koppeling": map[string]any{"type": "string", "description": "JSON volgens " + mapping["$ref"].(string) + ": per veld de kolomkop; zonder koppeling wordt die uit de kopregel geraden"},
					},
				},
			},
			mediaCSV:  map[string]any{"schema": map[string]any{"type": "string"}},
			mediaXLSX: map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}},
		},
	}
}

var typeOfMapping = reflect.TypeFor[importMappingIn]()
