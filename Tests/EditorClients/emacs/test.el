;; Run by ./run in `emacs --batch`: eglot (as docs/editors.md sets it up) on the plan in
;; $PLAN; writes flymake's diagnostics to $RESULT as JSON lines [line, column, text].
(package-initialize)  ; Debian's elpa-eglot and elpa-markdown-mode
(require 'eglot)
(require 'markdown-mode)
(require 'json)
(add-to-list 'eglot-server-programs
             `(markdown-mode . (,(getenv "MAPC_BINARY") "lsp" "--today" "2026-11-24")))
(find-file (getenv "PLAN"))
;; eglot-ensure waits for the command loop, which batch mode has not: connect directly.
(apply #'eglot (eglot--guess-contact))
(let ((tries 0))
  (while (and (< tries 300) (null (flymake-diagnostics)))
    (accept-process-output nil 0.1)
    (setq tries (1+ tries))))
(let ((found (flymake-diagnostics)))  ; of this buffer: read before with-temp-file's
 (with-temp-file (getenv "RESULT")
  (dolist (d found)
    (let ((line (with-current-buffer (flymake-diagnostic-buffer d)
                  (save-excursion
                    (goto-char (flymake-diagnostic-beg d))
                    ;; Columns as mapc counts them: code points from the line's start, from 1.
                    (vector (line-number-at-pos) (1+ (- (point) (line-beginning-position))))))))
      (insert (json-encode (vector (aref line 0) (aref line 1) (flymake-diagnostic-text d))) "\n")))))
(kill-emacs 0)
