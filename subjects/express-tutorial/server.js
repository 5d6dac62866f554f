const express = require('express');
const cors = require('cors');
const FileSystem = require('fs');

const app = express();
app.use(cors());
app.use(express.json());

app.get('/api/sse',(req,res)=>{
    res.writeHead(200,{
        'Content-Type':'text/event-stream',
    })
    const data  = FileSystem.readFileSync('./data.txt','utf-8');
    const total = data.length
    let current = 0

    let time = setInterval(()=>{
        console.log(current,total)
        if(current>=total){
            console.log("over")
            clearInterval(time)
            return
        }
        res.write(`event:lol\n`)

        res.write(`data:${data.split("")[current]}\n\n`)
        current++
    },1000)
})

app.listen(3000,()=>{
    console.log('HTTP 服务器已启动，端口 3000');
})
