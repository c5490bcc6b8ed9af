module proxybench/go-httputil

go 1.24
