" Run by ./run in `vim -es`: lints the plan with ALE and writes its location list.
edit $PLAN
ALELint
let s:waited = 0
while s:waited < 300 && empty(ale#engine#GetLoclist(bufnr('')))
  sleep 100m  " Vim reads the server's messages while it sleeps
  let s:waited += 1
endwhile
let s:out = []
for s:item in ale#engine#GetLoclist(bufnr(''))
  call add(s:out, json_encode([s:item.lnum, s:item.col, get(s:item, 'code', ''), s:item.text]))
endfor
call writefile(s:out, $RESULT)
qall!
