-- Neovim set-up for script/editor-screenshot: mapc lsp on Markdown, diagnostics as virtual
-- text (shown in insert mode too, so the picture has them and the completion menu).
vim.o.termguicolors = true
vim.o.number = true
vim.o.signcolumn = "number"
vim.o.completeopt = "menuone,noinsert"
vim.o.shortmess = vim.o.shortmess .. "c"
vim.cmd("syntax on")
vim.api.nvim_create_autocmd("FileType", { pattern = "markdown", callback = function(args)
  local id = vim.lsp.start_client({ name = "mapc", root_dir = vim.fn.getcwd(),
    cmd = { os.getenv("MAPC_BINARY"), "lsp", "--today", "2026-11-24" } })
  vim.lsp.buf_attach_client(args.buf, id)
  vim.bo[args.buf].omnifunc = "v:lua.vim.lsp.omnifunc"
end })
vim.diagnostic.config({ virtual_text = { prefix = "●" }, severity_sort = true, update_in_insert = true })
