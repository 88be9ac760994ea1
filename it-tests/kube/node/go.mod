module wmco.local/node-tools

go 1.22
